"""colander schemas shared by the web forms and the API."""
