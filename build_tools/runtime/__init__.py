"""How the work runs, apart from what it is: the executor (in this process or in forked
ones), and the accounting of what each stage cost."""
