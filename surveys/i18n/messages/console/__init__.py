"""What people read outside a chat: the command line, import reports, bounds on names,
reports and exports, the web pages, the play page, and the names of the product's codes
and of the command menu."""
