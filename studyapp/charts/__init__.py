"""Charts: plot functions that take a matplotlib Axes and a service's data (never pyplot
state), and the reports built from them. matplotlib is imported lazily, in the functions."""
