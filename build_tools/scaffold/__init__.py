"""What a contributor starts from: `new` writes an article's text and a sidecar pre-filled
with what the registries recognise in it; `stubs` writes a registry entry to fill in.
Both write YAML from templates/ through `templating` (its environment, and `yaml_scalar`,
the only way a value reaches a file)."""
