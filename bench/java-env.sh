# Sourced by the bench scripts before they start Java; needs $root (the project). Caller settings win.
# DJL unpacks the PyTorch natives (about 430 MB) from the Maven jar into this cache on first use.
export DJL_CACHE_DIR="${DJL_CACHE_DIR:-$root/work/djl}"
# One MKL/OpenMP thread (PyTorch's own threads are set by the config), as the mre4j launcher does (docs/model.md).
export MKL_NUM_THREADS="${MKL_NUM_THREADS:-1}" OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}"
# The JVM options of mre4j's own JVMs (not the peers'): at most 1 GB of heap, as the mre4j launcher sets.
MRE4J_JAVA_OPTS="${MRE4J_JAVA_OPTS:--Xmx1g}"
