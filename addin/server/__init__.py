"""ktxh on xlwings Server (self-hosted; licensed separately): see addin/server/README.md."""
