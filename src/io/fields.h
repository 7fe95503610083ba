// Internal to hcgis_io: a role's fields bound to a source's fields, and their values read and checked.
// Not for use outside src/io/.
#pragma once

#include "core/city.h"
#include "io/project.h"
#include "io/source.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hcgis::io::detail {

/// One field the role reads, bound to the source field that holds it.
struct FieldBinding {
    std::string key;     // role key: "class"
    std::string field;   // source field: "CLASS"
    FieldSpec spec;
    int index;           // in the source layer's definition
    const WordList* values = nullptr;  // the project's value map for this field ("values"), if any
    std::string role;    // for messages naming the value map
    std::string tag;     // "population" of "other_tags[population]": a key inside an OSM hstore field
};

/// The fields of `role` the source provides: those `spec` maps, and an unmapped name or code from a field
/// of that very name. Throws InputError listing the source's fields when a mapped field does not exist
/// (unless the layer is empty).
std::vector<FieldBinding> bind_fields(const Source& s, const LayerSpec& spec, const RoleSpec& role);

/// One value of a source field as the loader gets it, from a feature (GDAL's row API) or from a column of
/// an Arrow batch: every value, however read, is converted and checked by store_field().
struct FieldValue {
    bool set = false;      // neither unset nor null
    bool numeric = false;  // the source field holds numbers (integer or real)
    double number = 0;     // the value when numeric
    std::string text;      // the value as UTF-8 text when not numeric, or when the role reads it as text
};

/// True for the source field types read as numbers (integer, 64-bit integer, real).
bool numeric_field(OGRFieldType type);

/// Where the values of a field go in a layer: its column (texts or numbers), looked up once a layer
/// rather than once a value.
struct FieldColumn {
    std::vector<double>* numbers = nullptr;
    std::vector<std::string>* texts = nullptr;
};

/// The column in `layer` of every binding of `fields` (made when missing); they stay valid while the
/// layer's columns are not removed.
std::vector<FieldColumn> field_columns(const std::vector<FieldBinding>& fields, Layer& layer);

/// Appends `value` of field `f` to its column `to`, converted and checked: throws InputError naming
/// feature `fid` and the field when a number is empty, not a number, negative, or not one of the accepted
/// words or flags.
void store_field(const Source& s, GIntBig fid, const FieldBinding& f, const FieldValue& value, const FieldColumn& to);
/// The same into the column of `f` in `layer`.
void store_field(const Source& s, GIntBig fid, const FieldBinding& f, const FieldValue& value, Layer& layer);

/// Appends the value of every field in `fields` of `feature` to its column of `layer` (texts or numbers).
/// Throws InputError naming feature `fid` and the field when a value is empty (a number), not a number,
/// negative, not one of the accepted words or flags, or text that cannot be decoded.
void read_fields(const Source& s, OGRFeature& feature, GIntBig fid, const std::vector<FieldBinding>& fields,
                 Layer& layer);

/// `text` (spaces around it allowed) as a finite number into `out`; false when it is none.
bool parse_number(std::string_view text, double& out);

/// 1 or 0 for the usual ways data says yes and no (1/0, true/false, yes/no, 是/否, 有/无); -1 for anything else.
int parse_flag(const std::string& raw);

/// The value of `key` in `hstore` text as GDAL's OSM driver writes other_tags ("a"=>"1","b"=>"x y"); nullopt
/// when the key is absent.
std::optional<std::string> hstore_value(std::string_view hstore, std::string_view key);

/// Trimmed copy of `text`.
std::string trimmed(std::string text);

}  // namespace hcgis::io::detail
