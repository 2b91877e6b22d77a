"""What the API takes in request bodies and answers besides the read models (storage.read.models)."""
