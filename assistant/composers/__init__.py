"""One composer per intent: each turns a plan and its evidence into a draft answer.

- `extractive`: describe / fact / which-paper answers made of the evidence sentences themselves
  (the model-free provider and the fallback when a model's prose cannot be verified);
- `collection`: list and count answers decided paper by paper over the whole collection;
- comparison tables live in `assistant.comparison`.
"""
