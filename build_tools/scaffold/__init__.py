"""What a contributor starts from: `new` writes an article's text and a sidecar pre-filled
with what the registries recognise in it; `stubs` writes a registry entry to fill in."""
