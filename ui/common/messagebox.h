#pragma once

#include <QMessageBox>

namespace stackdeck::ui {

// Message boxes whose text can hold event data (project names come from
// events; file names, error messages): always Qt::PlainText. The static
// QMessageBox helpers use Qt::AutoText, which renders whatever looks like
// HTML: a project named `<img src=...>` would load an image, `<a href>` a link.
QMessageBox::StandardButton askPlain(QWidget* parent, const QString& title, const QString& text,
    QMessageBox::StandardButtons buttons = QMessageBox::Yes | QMessageBox::No,
    QMessageBox::StandardButton defaultButton = QMessageBox::NoButton);
void informPlain(QWidget* parent, const QString& title, const QString& text);

} // namespace stackdeck::ui
