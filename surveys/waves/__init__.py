"""Survey waves: which customers are asked, about which visit, and when.

Owns: schedule maths (``schedule``: windows, send times, standing waves, quiet hours;
pure), who a wave reaches and why others are skipped (``audience``), and creating,
materialising, pausing and viewing waves (``service``). Sending the surveys is the
outbox's job. May import: ``ports``, ``timemath``, ``i18n``, ``storage``,
``conversation`` (the template catalog) and state names of other packages.
"""
