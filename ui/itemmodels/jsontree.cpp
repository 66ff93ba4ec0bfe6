#include "jsontree.h"

#include "common/jsontext.h"
#include "common/plaintext.h"

#include <QCoreApplication>
namespace stackdeck::ui {

namespace {
const nlohmann::ordered_json* child(const nlohmann::ordered_json* meta, const std::string& key)
{
    if (!meta || !meta->is_object())
        return nullptr;
    auto it = meta->find(key);
    return it == meta->end() ? nullptr : &*it;
}

QString summary(const nlohmann::ordered_json& value)
{
    const auto n = static_cast<qint64>(value.size());
    if (value.is_object())
        return n == 1 ? QStringLiteral("{1 key}") : QStringLiteral("{%1 keys}").arg(n);
    return n == 1 ? QStringLiteral("[1 item]") : QStringLiteral("[%1 items]").arg(n);
}
} // namespace

const nlohmann::ordered_json* metaAt(const nlohmann::ordered_json& meta, std::initializer_list<std::string> path)
{
    const nlohmann::ordered_json* at = &meta;
    for (const auto& key : path) {
        at = child(at, key);
        if (!at)
            return nullptr;
    }
    return at;
}

QString metaNote(const nlohmann::ordered_json* meta)
{
    const nlohmann::ordered_json* note = child(meta, "");
    if (!note || !note->is_object())
        return {};
    QStringList parts;
    if (auto len = note->find("len"); len != note->end() && len->is_number_integer())
        parts << QStringLiteral("trimmed, originally %1").arg(len->get<qint64>());
    if (auto rem = note->find("rem"); rem != note->end() && rem->is_array() && !rem->empty()) {
        bool scrubbed = false;
        for (const auto& r : *rem) {
            if (r.is_array() && r.size() > 1 && r[1].is_string() && r[1].get<std::string>() != "s")
                scrubbed = true;
        }
        if (parts.isEmpty())
            parts << (scrubbed ? QStringLiteral("scrubbed") : QStringLiteral("trimmed"));
        else if (scrubbed)
            parts << QStringLiteral("scrubbed");
    }
    if (auto err = note->find("err"); err != note->end() && parts.isEmpty())
        parts << QCoreApplication::translate("JsonTree", "invalid, removed by the server");
    return parts.join(QStringLiteral(", "));
}

TreeNode* addJsonNode(
    TreeNode* parent, const QString& key, const nlohmann::ordered_json& value, const nlohmann::ordered_json* meta)
{
    const bool container = value.is_object() || value.is_array();
    TreeNode* node = parent->add(key, container ? summary(value) : jsonScalarText(value));
    if (!container && value.is_string())
        node->tooltip = node->text[1].size() > 60 ? node->text[1].left(4000) : QString();
    const QString note = metaNote(meta);
    if (!note.isEmpty()) {
        node->flags |= TreeNode::Trimmed;
        node->text[1] += QStringLiteral("  [") + note + QLatin1Char(']');
    }
    if (container)
        addJsonChildren(node, value, meta);
    return node;
}

void addJsonChildren(
    TreeNode* parent, const nlohmann::ordered_json& value, const nlohmann::ordered_json* meta, int maxChildren)
{
    int shown = 0;
    if (value.is_object()) {
        for (auto it = value.begin(); it != value.end(); ++it) {
            if (shown++ == maxChildren)
                break;
            addJsonNode(parent, qs(it.key()), it.value(), child(meta, it.key()));
        }
    } else if (value.is_array()) {
        for (std::size_t i = 0; i < value.size(); ++i) {
            if (shown++ == maxChildren)
                break;
            addJsonNode(parent, QString::number(i), value[i], child(meta, std::to_string(i)));
        }
    } else {
        addJsonNode(parent, QStringLiteral("value"), value, meta);
        return;
    }
    if (static_cast<int>(value.size()) > maxChildren) {
        TreeNode* more = parent->add(QCoreApplication::translate("JsonTree", "…"),
            QCoreApplication::translate("JsonTree", "%1 more not shown (see Raw JSON)")
                .arg(static_cast<qint64>(value.size()) - maxChildren));
        more->flags |= TreeNode::Muted;
    }
}

} // namespace stackdeck::ui
