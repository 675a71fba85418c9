#include "read/xml_stream.h"

#include <expat.h>

#include <climits>
#include <cstring>

#include "core/diagnostic.h"

namespace bc {
namespace {

// Expat joins namespace URI and local name with this; it cannot occur in XML.
constexpr char kSeparator = '\x01';

void split_name(const char* name, std::string_view& ns, std::string_view& local) {
  std::string_view full(name);
  std::size_t sep = full.rfind(kSeparator);
  if (sep == std::string_view::npos) {
    ns = {};
    local = full;
  } else {
    ns = full.substr(0, sep);
    local = full.substr(sep + 1);
  }
}

}  // namespace

const char* XmlAttributes::get(std::string_view local) const {
  for (const char** p = pairs_; p[0] != nullptr; p += 2) {
    if (std::strchr(p[0], kSeparator) == nullptr && local == p[0]) return p[1];
  }
  return nullptr;
}

const char* XmlAttributes::get_ns(std::string_view ns_part, std::string_view local) const {
  for (const char** p = pairs_; p[0] != nullptr; p += 2) {
    std::string_view ns;
    std::string_view name;
    split_name(p[0], ns, name);
    if (name == local && !ns.empty() && ns.find(ns_part) != std::string_view::npos) return p[1];
  }
  return nullptr;
}

bool is_spreadsheetml(std::string_view ns) {
  if (ns.size() != 57 && ns.size() != 45) return ns.empty();
  return ns == "http://schemas.openxmlformats.org/spreadsheetml/2006/main" ||
         ns == "http://purl.oclc.org/ooxml/spreadsheetml/main";
}

XmlStream::XmlStream(XmlHandler& handler, std::string file, std::string part, std::string sheet)
    : handler_(handler), file_(std::move(file)), part_(std::move(part)), sheet_(std::move(sheet)) {
  parser_ = XML_ParserCreateNS(nullptr, kSeparator);
  if (parser_ == nullptr) throw std::bad_alloc();
  XML_SetUserData(parser_, this);
  XML_SetElementHandler(parser_, &XmlStream::start_element, &XmlStream::end_element);
  XML_SetCharacterDataHandler(parser_, &XmlStream::character_data);
  XML_SetStartDoctypeDeclHandler(parser_, &XmlStream::start_doctype);
  XML_SetParamEntityParsing(parser_, XML_PARAM_ENTITY_PARSING_NEVER);
}

XmlStream::~XmlStream() { XML_ParserFree(parser_); }

void XmlStream::fail_from_handler() {
  pending_ = std::current_exception();
  stopped_ = true;
  XML_StopParser(parser_, XML_FALSE);
}

void XmlStream::start_element(void* self, const char* name, const char** attributes) {
  auto* s = static_cast<XmlStream*>(self);
  if (s->stopped_) return;
  try {
    std::string_view ns;
    std::string_view local;
    split_name(name, ns, local);
    s->handler_.on_start(ns, local, XmlAttributes(attributes));
  } catch (...) {
    s->fail_from_handler();
  }
}

void XmlStream::end_element(void* self, const char* name) {
  auto* s = static_cast<XmlStream*>(self);
  if (s->stopped_) return;
  try {
    std::string_view ns;
    std::string_view local;
    split_name(name, ns, local);
    s->handler_.on_end(ns, local);
  } catch (...) {
    s->fail_from_handler();
  }
}

void XmlStream::character_data(void* self, const char* text, int length) {
  auto* s = static_cast<XmlStream*>(self);
  if (s->stopped_ || length <= 0) return;
  try {
    s->handler_.on_text(std::string_view(text, static_cast<std::size_t>(length)));
  } catch (...) {
    s->fail_from_handler();
  }
}

void XmlStream::start_doctype(void* self, const char*, const char*, const char*, int) {
  auto* s = static_cast<XmlStream*>(self);
  if (s->stopped_) return;
  try {
    throw InputError("READ-CORRUPT",
                     "part '" + s->part_ +
                         "' has a DOCTYPE declaration, which spreadsheet parts never have; "
                         "refused (entity expansion)",
                     Location{s->file_, s->sheet_, ""});
  } catch (...) {
    s->fail_from_handler();
  }
}

void XmlStream::throw_syntax_error() {
  std::string message = "part '" + part_ +
                        "' is not well-formed XML: " + XML_ErrorString(XML_GetErrorCode(parser_)) +
                        " at line " + std::to_string(XML_GetCurrentLineNumber(parser_)) +
                        ", column " + std::to_string(XML_GetCurrentColumnNumber(parser_));
  throw InputError("READ-CORRUPT", message, Location{file_, sheet_, ""});
}

void XmlStream::parse(const char* data, std::size_t size, bool final) {
  if (stopped_) {
    if (pending_) std::rethrow_exception(pending_);
    return;
  }
  do {
    const int chunk =
        static_cast<int>(size > static_cast<std::size_t>(INT_MAX / 2) ? INT_MAX / 2 : size);
    const bool last = final && static_cast<std::size_t>(chunk) == size;
    XML_Status status = XML_Parse(parser_, data, chunk, last ? XML_TRUE : XML_FALSE);
    if (pending_) std::rethrow_exception(pending_);
    if (status != XML_STATUS_OK) throw_syntax_error();
    data += chunk;
    size -= static_cast<std::size_t>(chunk);
  } while (size > 0);
}

void XmlStream::feed(const char* data, std::size_t size) {
  if (size == 0) return;
  parse(data, size, false);
}

void XmlStream::finish() { parse("", 0, true); }

}  // namespace bc
