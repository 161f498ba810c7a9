// A camera picker for the photo booth page: the list comes from the visitor's own browser.
export async function fillCameraPicker(select: HTMLSelectElement, status: HTMLElement): Promise<void> {
  const devices = await navigator.mediaDevices.enumerateDevices();
  const cameras = devices.filter((device) => device.kind === 'videoinput');
  // ok: xss/dom-html-sink
  select.innerHTML = cameras.map((device) => `<option value="${device.deviceId}">${device.label || `Camera ${device.deviceId.slice(0, 5)}`}</option>`).join('');
  for (const camera of cameras) {
    // ok: xss/dom-html-sink
    status.insertAdjacentHTML('beforeend', `<li>${camera.label}</li>`);
  }
  // The camera asked for in the link is the page's input, not a device name.
  const wanted = new URLSearchParams(location.search).get('camera');
  // ruleid: xss/dom-html-sink
  status.innerHTML = `<p>No camera named <b>${wanted}</b> was found.</p>`;
}

export function listMicrophones(list: HTMLElement): void {
  navigator.mediaDevices.enumerateDevices().then((devices) => {
    // ok: xss/dom-html-sink
    list.innerHTML = devices.filter((d) => d.kind === 'audioinput').map((d) => `<li>${d.label}</li>`).join('');
  });
}

// Objects that only look like devices: their labels come from the caller.
export function listNamed(list: HTMLElement, devices: { label: string }[]): void {
  // ruleid: xss/dom-html-sink
  list.innerHTML = devices.map((d) => `<li>${d.label}</li>`).join('');
}
