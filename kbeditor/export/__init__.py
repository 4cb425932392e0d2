"""Static HTML export: article rendering (``render``) and the site builder (``site``)."""
