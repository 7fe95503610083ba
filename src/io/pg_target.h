// PostGIS as a destination: a `PG:` connection string (libpq's keywords; the password from it, PGPASSWORD
// or ~/.pgpass, as libpq finds it), the table to write and what to do with a table that exists.
#pragma once

#include <string>

namespace hcgis::io {

struct PgTarget {
    enum class Existing { Refuse, Overwrite, Append };
    std::string connection;  // "PG:dbname=… host=… user=…"
    std::string table;       // the first table; a command writing two names the second after it
    Existing existing = Existing::Refuse;
};

/// True for a destination that is a PostgreSQL connection string ("PG:…", case-insensitive).
bool is_pg(const std::string& out);

/// The connection string as messages show it: `password=…` (quoted or not) left out.
std::string pg_display(const std::string& connection);

}  // namespace hcgis::io
