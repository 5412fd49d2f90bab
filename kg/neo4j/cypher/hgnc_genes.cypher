// name: hgnc_genes
// A batch of HGNC's approved genes: [hgnc, gene, symbol, full name] each.
UNWIND $rows AS r
CREATE (:HgncGene {hgnc: r[0], gene: r[1], symbol: r[2], full_name: r[3]})
