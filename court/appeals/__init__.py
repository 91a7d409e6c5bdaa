"""Appeal (上诉): filed online within its period with its fee, the dossier forwarded with its hashes (CPL Art 174),
the second-instance case registered at the intermediate court with the dossier verified, and its outcome."""
