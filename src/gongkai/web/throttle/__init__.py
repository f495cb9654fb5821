"""Per-address rate limits of the public pages, counted in the database (``services.allow``)."""
