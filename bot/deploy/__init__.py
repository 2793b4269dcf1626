"""Deployment recipes, shipped with the package: a container image (``Dockerfile``) and a
systemd unit for ``surveybot serve`` workers (``surveybot-serve@.service``). See README.md,
"Running several workers"."""
