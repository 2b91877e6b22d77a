"""The read models behind `show` and `list`: typed once (models/, no database), built from storage here, served
by the API as its response models and rendered by the CLI."""
