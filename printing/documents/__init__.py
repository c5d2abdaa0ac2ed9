"""One module per family of documents; each function draws onto a :class:`printing.layout.Sheet`."""
