"""The interactive app (Textual). Sits on top of the core; the core never imports it."""
