"""The store contract against the embedded (PersistentClient) store in a temp dir.

The same suite runs against a real Chroma server in test_chroma_server.py.
"""

from __future__ import annotations

import pytest
from store_contract import StoreContract

from vectorstore.chroma_store import ChromaStore

pytestmark = pytest.mark.integration


class TestEmbeddedStore(StoreContract):
    @pytest.fixture
    def open_store(self, settings):
        return lambda: ChromaStore.open(settings)
