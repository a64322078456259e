"""Tooling of the UNESCO Global Network of Learning Cities portal."""
