"""Step-by-step derivation documents: verified steps, rendered to LaTeX, Markdown and PDF."""
