"""Scripts that produce the learned package data. Never imported by ``nlp`` at run time."""
