// Damage a Xapian update would not notice: glass only reads the blocks an update touches, so a
// table truncated behind its back goes unseen until a search reads it. Glass never shrinks a
// table within a generation, so pindex records each table's size after every commit and checks
// that none is smaller before the next update.
#pragma once
#include <string>

namespace psearch {

/// Writes the sizes of the *.glass files of the generation directory gen_dir beside them
/// (gen_dir/psearch-sizes), replacing the file atomically. Throws psearch::Error.
void record_table_sizes(const std::string& gen_dir);

/// Throws index_error(db_path, ...) when a table recorded by record_table_sizes() is missing or
/// smaller than recorded; nothing recorded (an index of an older pindex) passes.
void check_table_sizes(const std::string& gen_dir, const std::string& db_path);

}  // namespace psearch
