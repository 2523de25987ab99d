"""The Gradio web chat: `ui.app.build_app(assistant)` and `ui.app.serve(...)`."""
