"""Participant kernels forked from a warm parent instead of started cold (the ``asn-fork`` kernel provisioner).

A cold ``python -m ipykernel_launcher`` spends most of its start importing ipykernel, ipywidgets, SQLAlchemy and the
kit, and every kernel holds its own copy of all that. ``zygote.py`` is a process that has imported it all once and
forks a kernel per request; ``provisioner.py`` is the jupyter_client provisioner that asks it for kernels and then
watches, signals and kills them by process id. Select it for every kernel of a server with
``--KernelProvisionerFactory.default_provisioner_name=asn-fork``.
"""
