"""The jobs that turn files into outputs, in the order a run meets them:

1. rulebook.py   load the rules (bundled, then a coach's own) and check each on its examples
2. check.py      validate profiles and check-ins without planning, for `playbook check`;
                 choose the rule files `playbook rules check` checks
3. client.py     load one client, plan it, render it in a format (formats.py); many at
                 once, on every core; explain one rule on one client
4. folders.py    the folder each client's output goes to, and clients whose names clash
5. write.py      write client folders (or any tree of files) all or nothing
6. starters.py   new files for the coach to fill in: a profile, next month's check-in

The layers above (site/, guide/, cli/) call these jobs; the layers below do the work.
"""
