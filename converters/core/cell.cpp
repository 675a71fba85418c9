#include "core/cell.h"

namespace bc {

const char* cell_type_name(CellType type) {
  switch (type) {
    case CellType::Text:
      return "s";
    case CellType::Number:
      return "n";
    case CellType::Bool:
      return "b";
    case CellType::Error:
      return "e";
    case CellType::Date:
      return "d";
    case CellType::Empty:
      break;
  }
  return "";
}

}  // namespace bc
