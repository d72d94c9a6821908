// Arrays printed as NumPy prints them: str(a) under NumPy 1.24's default print options
// (precision 8, floatmode 'maxprec', threshold 1000, edgeitems 3, linewidth 75).
//   [0.5        0.73105858 0.88079708]
// A 0-d array prints as its scalar does (str(a[()]): the shortest repr that round-trips).
// Arrays of more than 1000 elements show 3 items at each end of every long axis around "...".
#pragma once

#include <string>

#include "exprjit/array.h"

namespace exprjit::tools {

// The text NumPy's str(a) gives, without a trailing newline. Throws ValueError for more than 64
// dimensions, which NumPy cannot represent.
std::string format_array(const ArrayView& array);

}  // namespace exprjit::tools
