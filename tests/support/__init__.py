"""What the tests share beyond fixtures: synthetic collections, the worst sidecar, a served
site and the search box in Chromium. The benchmarks and CI scripts import these too (a
benchmark may import test support; a test never imports a benchmark)."""
