// The fingerprint of everything that decides what a conversion writes: the
// program version, the options given (except those that only say where
// outputs go or how the run is scheduled) and the content of every mapping
// file. --skip-unchanged keeps an input's previous outputs only when the
// fingerprint is the same as then. Options added later are included
// automatically; list them in `ignored` only if they cannot change outputs.
#pragma once

#include <boost/program_options.hpp>
#include <set>
#include <string>

namespace bc {

// The sha256 of the mapping set: every file below `mappings_dir` by its
// relative path and content (the datapackage's bcMappingsSha256).
std::string mappings_sha256(const std::string& mappings_dir);

std::string options_fingerprint(const boost::program_options::variables_map& vm,
                                const std::set<std::string>& ignored,
                                const std::string& mappings_dir);

}  // namespace bc
