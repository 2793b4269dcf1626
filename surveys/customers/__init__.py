"""Customers and their chats: linking by deep link or shared phone, opting out, erasure.

Owns: accounts (``/start``, contact, ``/stop``, ``/language``, ``/forget``), signed
deep-link tokens (``linking``), phone numbers in E.164 (``phones``) and the QR/deep-link
export for customers not yet linked (``link_export``). May import: ``ports``, ``i18n``,
``storage``, ``staff.audit`` and the conversation's states.
"""
