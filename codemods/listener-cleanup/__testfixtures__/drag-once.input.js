export function makeDraggable(handle) {
  handle.addEventListener('mousedown', () => {
    handle.classList.add('dragging');
    document.addEventListener('mouseup', () => handle.classList.remove('dragging'));
  });
}
