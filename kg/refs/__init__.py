"""References: PubMed records of the papers findings cite, and the checks made with them."""
