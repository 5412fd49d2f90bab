// name: stats_edges
MATCH (:Entity)-[r]->(:Entity) RETURN r.predicate AS predicate, r.source AS source, count(*) AS n
