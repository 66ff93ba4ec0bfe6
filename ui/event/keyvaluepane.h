#pragma once

#include "eventpane.h"
#include "itemmodels/nodetreemodel.h"

#include <functional>

class QTreeView;
class QLineEdit;
class QSortFilterProxyModel;

namespace stackdeck::ui {

// A pane that shows a key/value tree built from the event, with a filter
// field (Ctrl+F). Tags, contexts, extra and modules are instances.
class KeyValuePane : public EventPane {
    Q_OBJECT
public:
    using Builder = std::function<void(const LoadedEvent&, TreeNode& root)>;
    using Presence = std::function<bool(const LoadedEvent&)>;

    KeyValuePane(QString name, QString title, Presence presence, Builder builder, QWidget* parent = nullptr);
    QString paneName() const override { return m_name; }
    QString title() const override { return m_title; }
    bool hasContent(const LoadedEvent& event) const override { return m_presence(event); }
    void populate(const LoadedEvent& event) override;
    void activateFind() override;
    // Clicking a value of a top-level row emits tagClicked(key, value) (the tags pane).
    void setValuesClickable(bool clickable) { m_clickable = clickable; }

    NodeTreeModel* model() const { return m_model; }
    QSortFilterProxyModel* proxy() const { return m_proxy; }
    QTreeView* view() const { return m_view; }

private:
    QString m_name;
    QString m_title;
    Presence m_presence;
    Builder m_builder;
    bool m_clickable = false;
    NodeTreeModel* m_model;
    QSortFilterProxyModel* m_proxy;
    QTreeView* m_view;
    QLineEdit* m_filter;
};

KeyValuePane* makeTagsPane(QWidget* parent);
KeyValuePane* makeContextPane(QWidget* parent);
KeyValuePane* makeExtraPane(QWidget* parent);
KeyValuePane* makeModulesPane(QWidget* parent);

} // namespace stackdeck::ui
