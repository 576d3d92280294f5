"""`derive verify`: the catalogue's claims decided for chosen K and symbolic K, and reported."""
