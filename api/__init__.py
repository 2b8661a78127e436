"""The REST API (/api/v1/): same access module, same services as the pages."""
