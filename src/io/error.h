// Bad input: a file that does not open, a field the project maps but the data lacks, a value out of range.
// what() is one line naming the file, the layer, the feature and the field; the CLI prints it and exits 1.
#pragma once

#include <stdexcept>
#include <string>

namespace hcgis::io {

class InputError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

}  // namespace hcgis::io
