#pragma once

#include <QDialog>

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTableView;
class QTabWidget;

namespace stackdeck::ui {

class EnvelopeListModel;
class EnvelopeItemModel;
class KeptItemsView;

// The local endpoint's envelope inspector: the envelopes received last
// (newest first), the items of the selected one (type, headers, size), the
// selected item's payload (JSON pretty-printed, text as text, binary as hex
// with its size; long payloads capped) and the envelope's rejections with
// their reasons; and, on a second tab, the items kept in the workspace (not
// interpreted, or refused) with their bytes. Everything is plain text: it is
// what a client sent.
class EnvelopeInspector : public QDialog {
    Q_OBJECT
public:
    explicit EnvelopeInspector(EnvelopeListModel* envelopes, QWidget* parent = nullptr);

    QTableView* envelopeView() const { return m_envelopes; }
    QTableView* itemView() const { return m_items; }
    EnvelopeItemModel* itemModel() const { return m_itemModel; }
    QPlainTextEdit* payloadView() const { return m_payload; }
    QPlainTextEdit* rejectionView() const { return m_rejections; }
    QString payloadCaption() const;
    // The "Kept in the workspace" tab (the inspector takes it).
    void setKeptItemsView(KeptItemsView* view);
    KeptItemsView* keptItemsView() const { return m_kept; }
    void showKeptItems();
    // Selects the envelope at `row` of the list, and its first item.
    void selectEnvelope(int row);
    void selectItem(int row);

private:
    void showEnvelope(const QModelIndex& current);
    void showItem(const QModelIndex& current);
    void updateEmpty();
    EnvelopeListModel* m_model;
    EnvelopeItemModel* m_itemModel;
    QTableView* m_envelopes;
    QTableView* m_items;
    QLabel* m_empty;
    QLabel* m_caption;
    QPlainTextEdit* m_payload;
    QPushButton* m_showAll;
    QLabel* m_rejectionTitle;
    QPlainTextEdit* m_rejections;
    QTabWidget* m_tabs;
    KeptItemsView* m_kept = nullptr;
};

} // namespace stackdeck::ui
