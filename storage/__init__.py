"""Object storage behind one small interface (local folder or S3/MinIO), and the electronic dossier (电子卷宗).

`storage.base.BlobStore` is the interface, `storage.factory.open_blob_store` builds one from settings,
`storage.errors` holds the only exceptions a caller needs to catch.
"""
