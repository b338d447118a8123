"""Page generation: plan (model -> page specs) and render (Jinja templates -> Markdown)."""
