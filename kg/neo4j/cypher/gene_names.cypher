// name: gene_names
// HGNC's genes with $key (a lower-cased text) as symbol, alias, previous symbol or name,
// in the embedded store's order (kg/store/backend.py gene_names).
MATCH (n:HgncName {key: $key})
MATCH (g:HgncGene {hgnc: n.hgnc})
RETURN n.kind AS kind, g.hgnc AS hgnc, g.gene AS gene, g.symbol AS symbol,
       g.full_name AS full_name
ORDER BY hgnc, kind
