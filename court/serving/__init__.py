"""Service of court documents (送达): addresses and consent, channels, attempts, proof, and the deadlines it starts."""
