"""Storage: the output folder's tables, written in generations (`writer`), merged document by
document with what is there (`merge`), and read back (`output`). It knows the model and the
schemas, never the parsing pipeline."""
