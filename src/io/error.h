// io throws the errors of core/error.h; this name stays for the readers and writers that say io::InputError.
#pragma once

#include "core/error.h"

namespace hcgis::io {

using hcgis::InputError;
using hcgis::OutputError;

}  // namespace hcgis::io
