#include "framemodel.h"

#include "common/jsontext.h"
#include "common/plaintext.h"
#include "jsontree.h"

#include <QColor>
#include <QCoreApplication>
#include <QGuiApplication>
#include <QPalette>

namespace stackdeck::ui {

QString frameFunction(const Frame& frame)
{
    if (!frame.function.empty())
        return qs(frame.function);
    if (!frame.rawFunction.empty())
        return qs(frame.rawFunction);
    if (!frame.symbol.empty())
        return qs(frame.symbol);
    if (frame.instructionAddr)
        return QStringLiteral("0x%1").arg(*frame.instructionAddr, 0, 16);
    return QCoreApplication::translate("FrameModel", "<unknown>");
}

QString frameLocation(const Frame& frame)
{
    QString where = qs(!frame.filename.empty() ? frame.filename
            : !frame.absPath.empty()           ? frame.absPath
                                               : frame.module);
    if (where.isEmpty())
        where = qs(frame.package);
    if (frame.lineno) {
        where += QLatin1Char(':') + QString::number(*frame.lineno);
        if (frame.colno)
            where += QLatin1Char(':') + QString::number(*frame.colno);
    }
    return where;
}

bool hasInAppFrames(const Stacktrace& stack)
{
    for (const auto& f : stack.frames) {
        if (f.inApp.value_or(false))
            return true;
    }
    return false;
}

FrameModel::FrameModel(QObject* parent)
    : NodeTreeModel({tr("Function"), tr("Location")}, parent)
{
}

void FrameModel::setStacktrace(const Stacktrace* stack, const nlohmann::ordered_json* meta, const StackDisplay& display)
{
    auto root = std::make_unique<TreeNode>();
    m_shown = m_hidden = 0;
    if (stack) {
        const bool filter = display.appOnly && hasInAppFrames(*stack);
        const nlohmann::ordered_json* framesMeta = meta ? metaAt(*meta, {"frames"}) : nullptr;
        const auto count = static_cast<int>(stack->frames.size());
        int pendingHidden = 0;
        auto flushHidden = [&] {
            if (pendingHidden == 0)
                return;
            TreeNode* h = root->add(
                pendingHidden == 1 ? tr("1 system frame hidden") : tr("%1 system frames hidden").arg(pendingHidden));
            h->kind = HiddenKind;
            h->flags = TreeNode::Muted;
            m_hidden += pendingHidden;
            pendingHidden = 0;
        };
        for (int k = 0; k < count; ++k) {
            const int i = display.newestFirst ? count - 1 - k : k;
            const Frame& f = stack->frames[static_cast<std::size_t>(i)];
            const bool inApp = f.inApp.value_or(false);
            if (filter && !inApp) {
                ++pendingHidden;
                continue;
            }
            flushHidden();
            ++m_shown;
            TreeNode* node = root->add(frameFunction(f), frameLocation(f));
            node->kind = FrameKind;
            node->number = i;
            if (inApp)
                node->flags |= TreeNode::InApp | TreeNode::Strong;
            QStringList tip;
            if (!f.absPath.empty())
                tip << qs(f.absPath);
            if (!f.module.empty())
                tip << QStringLiteral("module: ") + qs(f.module);
            if (!f.package.empty())
                tip << QStringLiteral("package: ") + qs(f.package);
            tip << (f.inApp ? (inApp ? QStringLiteral("in app") : tr("not in app"))
                            : QStringLiteral("in app: unknown"));
            node->tooltip = tip.join(QLatin1Char('\n'));

            const qint64 line = f.lineno.value_or(0);
            const auto pre = static_cast<qint64>(f.preContext.size());
            for (qint64 p = 0; p < pre; ++p) {
                TreeNode* c = node->add(QString::number(line - pre + p), qs(f.preContext[static_cast<std::size_t>(p)]));
                c->kind = ContextKind;
                c->flags = TreeNode::Monospace | TreeNode::Muted;
            }
            if (!f.contextLine.empty()) {
                TreeNode* c = node->add(QString::number(line), qs(f.contextLine));
                c->kind = ContextKind;
                c->flags = TreeNode::Monospace | TreeNode::ErrorLine;
                c->tooltip = tr("the line that was executing");
            }
            for (std::size_t p = 0; p < f.postContext.size(); ++p) {
                TreeNode* c = node->add(QString::number(line + 1 + static_cast<qint64>(p)), qs(f.postContext[p]));
                c->kind = ContextKind;
                c->flags = TreeNode::Monospace | TreeNode::Muted;
            }
            if (!f.vars.isNull()) {
                const auto vars = parseJson(f.vars);
                if (!vars.is_discarded()) {
                    const nlohmann::ordered_json* varsMeta
                        = framesMeta ? metaAt(*framesMeta, {std::to_string(i), "vars"}) : nullptr;
                    TreeNode* v = node->add(tr("Variables"),
                        vars.is_object() ? QStringLiteral("%1").arg(static_cast<qint64>(vars.size())) : QString());
                    v->kind = VarsKind;
                    v->flags = TreeNode::Strong;
                    addJsonChildren(v, vars, varsMeta);
                }
            }
        }
        flushHidden();
    }
    setRoot(std::move(root));
}

QVariant FrameModel::styleData(const TreeNode& node, int column, int role) const
{
    if (role == Qt::BackgroundRole) {
        const QPalette pal = QGuiApplication::palette();
        if (node.has(TreeNode::ErrorLine)) {
            QColor c = pal.color(QPalette::Highlight);
            c.setAlpha(70);
            return c;
        }
        if (node.kind == FrameKind && node.has(TreeNode::InApp)) {
            QColor c = pal.color(QPalette::Highlight);
            c.setAlpha(28);
            return c;
        }
    }
    if (role == Qt::ForegroundRole && node.kind == FrameKind && !node.has(TreeNode::InApp))
        return QGuiApplication::palette().color(QPalette::Disabled, QPalette::Text);
    if (role == Qt::ForegroundRole && node.has(TreeNode::Trimmed) && column == 1)
        return QGuiApplication::palette().color(QPalette::Link);
    return NodeTreeModel::styleData(node, column, role);
}

} // namespace stackdeck::ui
