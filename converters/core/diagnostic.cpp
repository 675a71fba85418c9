#include "core/diagnostic.h"

namespace bc {

const char* severity_name(Severity severity) {
  switch (severity) {
    case Severity::Info:
      return "info";
    case Severity::Warning:
      return "warning";
    case Severity::Error:
      return "error";
  }
  return "error";
}

std::string Diagnostic::to_string() const {
  std::string out;
  if (!where.file.empty()) out += where.file;
  if (!where.sheet.empty()) out += (out.empty() ? "" : ": ") + std::string("sheet '") + where.sheet + "'";
  if (!where.cell.empty()) out += (out.empty() ? "" : where.sheet.empty() ? ": " : " ") + std::string("cell ") + where.cell;
  if (!out.empty()) out += ": ";
  out += message;
  if (!raw_text.empty() || !hint.empty()) {
    out += " (";
    if (!raw_text.empty()) out += "found '" + raw_text + "'";
    if (!raw_text.empty() && !hint.empty()) out += "; ";
    if (!hint.empty()) out += hint;
    out += ")";
  }
  if (!code.empty()) out += " [" + code + "]";
  return out;
}

InputError::InputError(Diagnostic diagnostic)
    : std::runtime_error(diagnostic.to_string()), diagnostic_(std::move(diagnostic)) {}

namespace {
Diagnostic make(std::string code, std::string message, Location where, std::string raw_text,
                std::string hint) {
  Diagnostic d;
  d.severity = Severity::Error;
  d.code = std::move(code);
  d.message = std::move(message);
  d.where = std::move(where);
  d.raw_text = std::move(raw_text);
  d.hint = std::move(hint);
  return d;
}
}  // namespace

InputError::InputError(std::string code, std::string message, Location where, std::string raw_text,
                       std::string hint)
    : InputError(make(std::move(code), std::move(message), std::move(where), std::move(raw_text),
                      std::move(hint))) {}

void DiagnosticSink::warn(std::string code, std::string message, Location where, std::string raw_text) {
  Diagnostic d = make(std::move(code), std::move(message), std::move(where), std::move(raw_text), {});
  d.severity = Severity::Warning;
  add(std::move(d));
}

void DiagnosticSink::info(std::string code, std::string message, Location where) {
  Diagnostic d = make(std::move(code), std::move(message), std::move(where), {}, {});
  d.severity = Severity::Info;
  add(std::move(d));
}

std::size_t DiagnosticSink::count(Severity severity) const {
  std::size_t n = 0;
  for (const auto& d : items_) n += d.severity == severity ? 1 : 0;
  return n;
}

}  // namespace bc
