// name: hgnc_names
// A batch of HGNC's names: [lower-cased name, kind (index in loaders.hgnc.KINDS), hgnc].
UNWIND $rows AS r
CREATE (:HgncName {key: r[0], kind: r[1], hgnc: r[2]})
